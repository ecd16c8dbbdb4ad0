# progress.gp - training progress over time (fleetsim 0.1.0)
#
# Draws progress.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot progress.gp
# or for one format:    gnuplot -e "fmt='pdf'" progress.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'progress.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 8 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set title 'charts: training progress'
    set xdata time
    set timefmt '%Y-%m-%dT%H:%M'
    set xrange [1740787200:1741471928]
    unset mxtics
    set xtics ("1 Mar\n2025" 1740787200, "2 Mar" 1740873600, "3 Mar" 1740960000, "4 Mar" 1741046400, "5 Mar" 1741132800, "6 Mar" 1741219200, "7 Mar" 1741305600, "8 Mar" 1741392000)
    set grid xtics
    set xlabel 'Date (UTC)' offset 0,-0.6
    set ylabel 'FLOP budget done (%)'
    set yrange [0:156]
    set ytics 0,20,100
    set bmargin 6.5
    set key top left reverse Left samplen 2 spacing 1.1 box lc rgb '#d9d9d9' opaque
    plot \
        'progress.dat' index 0 using 1:($2*100):($4*100) with filledcurves fc rgb '#0072B2' fs transparent solid 0.25 noborder, \
        'progress.dat' index 1 using 1:($2*100):($4*100) with filledcurves fc rgb '#E69F00' fs transparent solid 0.25 noborder, \
        'progress_sample.dat' index 0 using 1:($2*100) with lines lw 1.5 dt (5,4) lc rgb '#0072B2', \
        'progress.dat' index 0 using 1:($3*100) with lines lw 3.5 lc rgb '#0072B2' title 'pretrain (P(finish) = 100 %)', \
        'progress_sample.dat' index 1 using 1:($2*100) with lines lw 1.5 dt (5,4) lc rgb '#E69F00', \
        'progress.dat' index 1 using 1:($3*100) with lines lw 3.5 lc rgb '#E69F00' title 'finetune (P(finish) = 100 %)', \
        keyentry with filledcurves fc rgb '#888888' fs transparent solid 0.35 title 'P5-P95 of 8 replicates', \
        keyentry with lines lw 1.5 dt (5,4) lc rgb '#555555' title 'replicate 0, traced in full', \
        'progress_sample.dat' index 2 using 1:($2*100) with points pt 11 ps 1.0 lc rgb '#D55E00' title 'its 23 failures (work rolled back)'
    set output
}
