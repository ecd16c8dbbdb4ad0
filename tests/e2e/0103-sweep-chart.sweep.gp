# sweep.gp - time to train and cost against a swept setting (fleetsim 0.1.0)
#
# Draws sweep.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot sweep.gp
# or for one format:    gnuplot -e "fmt='pdf'" sweep.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'sweep.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 20 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'strat: sweep, time to train and TCO of run' font ',24'
    set object 500 rect from screen 0.1464, screen 0.8649 to screen 0.1626, screen 0.8851 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 500 'P50 (time), mean (TCO)' at screen 0.1691, screen 0.8750 left front
    set object 501 rect from screen 0.3942, screen 0.8649 to screen 0.4104, screen 0.8851 fc rgb '#bfdcee' fs solid 1.0 noborder front
    set label 501 'P5 to P95 over replicates' at screen 0.4169, screen 0.8750 left front
    set object 502 rect from screen 0.6387, screen 0.8649 to screen 0.6549, screen 0.8851 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 502 'rental-equivalent, mean' at screen 0.6614, screen 0.8750 left front
    set label 110 'Swept: H100-SXM GPUs in cluster c, GPUs for job run (log scale)' at screen 0.5, screen 0.0600 center front
    set logscale x
    set xrange [464.6498075:2256.701677]
    set xtics ('512' 512, '1,024' 1024, '2,048' 2048) norotate
    unset mxtics
    set grid xtics ytics
    set lmargin at screen 0.090
    set rmargin at screen 0.450
    set bmargin at screen 0.170
    set tmargin at screen 0.760
    set title 'Time to train'
    set ylabel 'Time to train (days)'
    set yrange [0:73.6783]
    set label 200 '63.3' at 512, 63.256 center offset 0,1.1 font ',17'
    set label 201 '33.3' at 1024, 33.2906 center offset 0,1.1 font ',17'
    set label 202 '18.0' at 2048, 17.9888 center offset 0,1.1 font ',17'
    plot \
        'sweep.dat' index 2 using 1:2:3 with filledcurves fc rgb '#0072B2' fs transparent solid 0.25 noborder, \
        'sweep.dat' index 0 using 1:3 with linespoints lw 3 pt 7 ps 1.3 lc rgb '#0072B2'
    unset label 200
    unset label 201
    unset label 202
    unset label 30
    unset label 3301
    unset label 3302
    unset label 3303
    unset label 3304
    unset label 3305
    unset object 500
    unset label 500
    unset object 501
    unset label 501
    unset object 502
    unset label 502
    unset label 100
    unset label 110
    set lmargin at screen 0.600
    set rmargin at screen 0.970
    set bmargin at screen 0.170
    set tmargin at screen 0.760
    set title 'Total cost of ownership'
    set ylabel 'USD (millions)'
    set format y '$%gM'
    set yrange [0:2.04671]
    set label 300 '$710.7K' at 512, 0.710708 center offset 0,-1.2 font ',17'
    set label 301 '$728.2K' at 1024, 0.728172 center offset 0,-1.2 font ',17'
    set label 302 '$781.4K' at 2048, 0.781433 center offset 0,-1.2 font ',17'
    plot \
        'sweep.dat' index 1 using 1:($3/1e+06):($4/1e+06) with filledcurves fc rgb '#0072B2' fs transparent solid 0.25 noborder, \
        'sweep.dat' index 1 using 1:($2/1e+06) with linespoints lw 3 pt 7 ps 1.3 lc rgb '#0072B2', \
        'sweep.dat' index 1 using 1:($5/1e+06) with linespoints lw 2.5 dt (8,5) pt 6 ps 1.2 lc rgb '#009E73'
    unset multiplot
    set output
}
