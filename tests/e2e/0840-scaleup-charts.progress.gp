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
    set label 100 'fleetsim 0.1.0, seed 20260601, 4 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set title 'deepseek_2026_scaleup: training progress'
    set xdata time
    set timefmt '%Y-%m-%dT%H:%M'
    set xrange [1792614861:1848251358]
    unset mxtics
    set xtics ("Jan\n2027" 1798761600, "Apr" 1806537600, "Jul" 1814400000, "Oct" 1822348800, "Jan\n2028" 1830297600, "Apr" 1838160000, "Jul" 1846022400)
    set grid xtics
    set xlabel 'Date (UTC)' offset 0,-0.6
    set ylabel 'FLOP budget done (%)'
    set yrange [-18:166]
    set arrow 101 from graph 0, first 0 to graph 1, first 0 nohead lw 1.5 lc rgb '#000000' back
    set label 101 'failures' at graph 0, first -11.0 right offset -0.6,0 font ',15' tc rgb '#D55E00'
    set ytics 0,20,100
    set bmargin 6.5
    set key top left reverse Left samplen 2 spacing 1.1 box lc rgb '#d9d9d9' opaque
    plot \
        'progress.dat' index 0 using 1:($2*100):($4*100) with filledcurves fc rgb '#0072B2' fs transparent solid 0.25 noborder, \
        'progress.dat' index 1 using 1:($2*100):($4*100) with filledcurves fc rgb '#E69F00' fs transparent solid 0.25 noborder, \
        'progress.dat' index 2 using 1:($2*100):($4*100) with filledcurves fc rgb '#009E73' fs transparent solid 0.25 noborder, \
        'progress_sample.dat' index 0 using 1:($2*100) with lines lw 1.5 dt (5,4) lc rgb '#0072B2', \
        'progress.dat' index 0 using 1:($3*100) with lines lw 3.5 lc rgb '#0072B2' title 'next_model (P(finish) = 100 %)', \
        'progress_sample.dat' index 1 using 1:($2*100) with lines lw 1.5 dt (5,4) lc rgb '#E69F00', \
        'progress.dat' index 1 using 1:($3*100) with lines lw 3.5 lc rgb '#E69F00' title 'next_posttrain (P(finish) = 100 %)', \
        'progress_sample.dat' index 2 using 1:($2*100) with lines lw 1.5 dt (5,4) lc rgb '#009E73', \
        'progress.dat' index 2 using 1:($3*100) with lines lw 3.5 lc rgb '#009E73' title 'next_nvidia (P(finish) = 100 %)', \
        keyentry with filledcurves fc rgb '#888888' fs transparent solid 0.35 title 'P5-P95 of 4 replicates', \
        keyentry with lines lw 1.5 dt (5,4) lc rgb '#555555' title 'replicate 0, traced in full (thinned to chart resolution)', \
        'progress_sample.dat' index 3 using 1:(-17.0+6*$2/603):(272160):(6*$2/603) with boxxyerror fs solid 1.0 noborder lc rgb '#D55E00' title 'its 10742 failures, count per week (strip below, tallest 603)'
    set output
}
